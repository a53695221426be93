// How Debian's Chromium is launched here, for the e2e tests and the first-load bench alike:
// Playwright cannot download browsers on this network, and without these flags Chromium stalls
// reaching for Google's services.
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
