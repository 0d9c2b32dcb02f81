// The CAPTCHA of the public forms (publicforms/captcha.py): ALTCHA's widget, self-hosted under
// static/vendor/altcha/, in Vietnamese, solving its proof of work in a Web Worker. Loaded as a
// module by the pages that hold a form; the rating box loads it when a visitor starts to rate.
import "../vendor/altcha/vi.js";

const vendor = new URL("../vendor/altcha/", import.meta.url);
globalThis.$altcha.algorithms.set("PBKDF2/SHA-256",
  () => new Worker(new URL("pbkdf2.js", vendor)));
await import("../vendor/altcha/altcha.min.js");
