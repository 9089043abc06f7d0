/**
 * Picks the plural form of a message written in code (`$localize` has no ICU plurals; templates use
 * ICU instead). Both forms are whole `$localize` messages, so a translation can word each freely; the
 * plural category comes from the build's locale (English and German both have one/other).
 */
export function pluralForm(locale: string, count: number, forms: { one: string; other: string }): string {
  return new Intl.PluralRules(locale).select(count) === 'one' ? forms.one : forms.other;
}
