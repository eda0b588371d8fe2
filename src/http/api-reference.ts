// The interactive API reference at /docs: Swagger UI over /openapi.json, every byte served by the desk itself.
//
// Desks run inside hospital networks that often cannot reach the internet, so nothing comes from a CDN or a
// font service. Swagger UI rather than Scalar: Scalar's standalone bundle (4.6 MiB, 1.3 MiB gzip) would
// more than double the Worker, which carries these assets too; Swagger UI adds about 470 KiB gzip.
import { Hono } from 'hono';
import { script, scriptLicense, style, version } from '../generated/api-reference-assets.js';
import type { AppEnv } from './context';

/** The version is in the path, so a browser may keep the assets for good and an upgrade is fetched anew. */
export const API_REFERENCE_ASSETS = `/docs/assets/swagger-ui-${version}`;

// BaseLayout, without the standalone layout's top bar (a URL box) and validator badge; `validatorUrl` is off
// all the same, since that badge sends the document to validator.swagger.io.
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: document.getElementById('swagger-ui').dataset.url,
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PHOENIX desk API</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${API_REFERENCE_ASSETS}/swagger-ui.css">
</head>
<body>
<noscript><p>This reference needs JavaScript; the API is described by <a href="/openapi.json">/openapi.json</a>.</p></noscript>
<div id="swagger-ui" data-url="/openapi.json"></div>
<script src="${API_REFERENCE_ASSETS}/swagger-ui-bundle.js"></script>
<script src="${API_REFERENCE_ASSETS}/init.js"></script>
</body>
</html>
`;

/**
 * Scripts, styles and fetches from the desk only, no inline script or style (the page has none), images from
 * the desk or the style sheet's data: URIs; never framed (clickjacking), as `X-Frame-Options` says for older
 * browsers.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';

const ASSETS: Record<string, { body: string; type: string }> = {
  'swagger-ui-bundle.js': { body: script, type: 'text/javascript; charset=utf-8' },
  'swagger-ui-bundle.js.LICENSE.txt': { body: scriptLicense, type: 'text/plain; charset=utf-8' },
  'swagger-ui.css': { body: style, type: 'text/css; charset=utf-8' },
  'init.js': { body: INIT_SCRIPT, type: 'text/javascript; charset=utf-8' },
};

export const apiReferenceRouter = new Hono<AppEnv>({ strict: true }).get('/docs', (c) => {
  c.header('content-security-policy', DOCS_CONTENT_SECURITY_POLICY);
  c.header('x-frame-options', 'DENY');
  return c.html(PAGE, 200);
});

for (const [name, asset] of Object.entries(ASSETS)) {
  apiReferenceRouter.get(`${API_REFERENCE_ASSETS}/${name}`, (c) =>
    c.body(asset.body, 200, { 'content-type': asset.type, 'cache-control': IMMUTABLE }),
  );
}
