// Handler of the public register.
import { publicRegister } from '../../../services/register';
import type { AppHandler } from '../../context';
import type * as R from './register.routes';

export const register: AppHandler<typeof R.register> = async (c) =>
  c.json(await publicRegister(c.get('services'), c.req.valid('query')), 200, {
    'cache-control': 'public, max-age=60',
  });
