// zod 4 compiles object parsers with `new Function` when it can, probing for eval once per schema. Under
// the page's Content-Security-Policy (no 'unsafe-eval') that probe is a reported violation, so the page and
// the worker switch the compiler off. It must run before any schema is built: import this module first.
import { z } from 'zod';

z.config({ jitless: true });
