// What a project team writes in an access application.

import type { LocalizedText } from './descriptor';
import type { ResearchPurpose } from './duo-matching';

/** GDPR legal bases: art. 6(1) letter and art. 9(2) letter (e.g. "e" and "j" for public-interest research). */
export interface LegalBasis {
  article6: 'a' | 'b' | 'c' | 'd' | 'e' | 'f';
  article9: 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g' | 'h' | 'i' | 'j';
}

export interface AccessApplication {
  title: LocalizedText;
  summary: LocalizedText;
  purpose: ResearchPurpose;
  legalBasis: LegalBasis;
  /** Reference of the ethics committee's approval (CPP, CESREES, IRB…), when there is one. */
  ethicsReference: string | null;
  /** Where the data will be processed, e.g. "Bulle sécurisée HDS du CESP (Inserm)". */
  processingEnvironment: string;
}
