// Local-first SPA: all rendering happens in the browser; adapter-static's fallback page boots it.
export const ssr = false;
export const prerender = false;
