/**
 * Text from saved results (untrusted, DESIGN.md trust boundaries) printed to a terminal: escape sequences
 * (CSI, OSC, and any other ESC-introduced sequence) are removed, and every other control character —
 * C0 except newline and tab, DEL, C1 — becomes U+FFFD, so a results file cannot move the cursor, retitle
 * the window, write hyperlinks or clear the screen of whoever prints its table.
 */

// CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC (ESC P|X|^|_ … ST), then any ESC + one character;
// the 8-bit C1 forms (0x9b CSI, 0x9d OSC, …) likewise.
const SEQUENCES = /(\u001b\[|\u009b)[0-?]*[ -/]*[@-~]?|(\u001b[\]PX^_]|[\u009d\u0090\u0098\u009e\u009f])[^\u0007\u001b\u009c]*(\u0007|\u001b\\|\u009c)?|\u001b[\s\S]?/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text with escape sequences removed and other control characters replaced; newlines and tabs kept. */
export function printable(s: unknown): string {
  return String(s).replace(SEQUENCES, '').replace(CONTROLS, '\ufffd');
}

/** printable() for one table cell or line: newlines and tabs become spaces too. */
export function printableCell(s: unknown): string {
  return printable(s).replace(/[\n\t]/g, ' ');
}
