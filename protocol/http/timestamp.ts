// Times cross the wire as ISO 8601 strings and are Dates on both sides: the relay's handlers
// return Dates that the route's schema encodes, and the app's client decodes them back.
import { z } from 'zod';

export const timestamp = z.codec(z.iso.datetime(), z.date(), {
  decode: (iso) => new Date(iso),
  encode: (date) => date.toISOString(),
});
