/**
 * How the customer search compares text: lower-cased and without accents, so that "garcia munoz"
 * finds "García Muñoz". The stored `customer.search_text` column is folded in SQL and the search
 * term here, from the same table (upper-case letters too, whatever the database's locale does).
 */
const ACCENTED = 'áàâäãåéèêëíìîïóòôöõúùûüýÿñçÁÀÂÄÃÅÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÝŸÑÇ';
const PLAIN = 'aaaaaaeeeeiiiiooooouuuuyync'.repeat(2);

const FOLDED = new Map([...ACCENTED].map((char, i) => [char, PLAIN[i]]));

export function foldForSearch(text: string): string {
  return [...text.toLowerCase()].map((char) => FOLDED.get(char) ?? char).join('');
}

/** The same folding as a SQL expression (immutable, so usable in a generated column). */
export function foldForSearchSql(expression: string): string {
  return `translate(lower(${expression}), '${ACCENTED}', '${PLAIN}')`;
}
