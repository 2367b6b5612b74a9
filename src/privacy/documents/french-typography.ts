/** A space before these is non-breaking in French (Lexique des règles typographiques de l'Imprimerie nationale). */
const SPACE_BEFORE = / ([:;!?»])/g;
const SPACE_AFTER = /(«|n°) /g;
const NO_BREAK_SPACE = '\u00a0';

/**
 * French spacing: the space before « : ; ! ? » » and after « « » and « n° » does not break, so a line never
 * starts with a colon or a closing guillemet. The French strings are written with plain spaces
 * for legibility and pass through here.
 */
export function frenchTypography(text: string): string {
  return text.replace(SPACE_BEFORE, `${NO_BREAK_SPACE}$1`).replace(SPACE_AFTER, `$1${NO_BREAK_SPACE}`);
}
