import { HttpClient } from '@angular/common/http';
import { DOCUMENT, Injectable, LOCALE_ID, inject } from '@angular/core';
import { type CurrentUserDto, DEFAULT_LANGUAGE, isLanguage, type Language, ROUTES } from '@tdgen/contracts';
import { type Observable, tap } from 'rxjs';
import { apiUrl } from './api-url';

const CURRENT_USER_PATH = [ROUTES.auth, 'me'] as const;

/** Set while a reload into the stored language is under way, so a build that cannot follow does not loop. */
const RELOAD_MARK = 'tdgen-language-reload';

/** The language this build of the web app was compiled for (`en` or `de`, see project.json `i18n`). */
export function buildLanguage(localeId: string): Language {
  const language = localeId.toLowerCase().split('-')[0];
  return isLanguage(language) ? language : DEFAULT_LANGUAGE;
}

/**
 * The language of the product (docs/product.md § Languages). Each language is its own build (Angular
 * i18n inlines the texts), so changing it stores the choice on the server — which then serves the
 * other build — and reloads the page.
 */
@Injectable({ providedIn: 'root' })
export class LanguageService {
  private readonly http = inject(HttpClient);
  private readonly document = inject(DOCUMENT);
  /** Angular's locale id of this build: formats dates and numbers and orders titles. */
  readonly locale = inject(LOCALE_ID);
  readonly current: Language = buildLanguage(this.locale);

  /** Stores the choice for the signed-in user and reloads into the build of that language. */
  choose(language: Language): Observable<CurrentUserDto> {
    return this.http.patch<CurrentUserDto>(apiUrl(...CURRENT_USER_PATH), { language }).pipe(tap(() => this.reload()));
  }

  /**
   * After sign-in or on start: a choice stored on the server (made in another browser) that differs
   * from this build loads the page once more (at `url`, else the same address) in the right build —
   * the server set the language cookie with that answer. True when the page is being left.
   */
  follow(user: CurrentUserDto, url?: string): boolean {
    const storage = this.document.defaultView?.sessionStorage;
    if (!user.language || user.language === this.current) {
      storage?.removeItem(RELOAD_MARK);
      return false;
    }
    if (storage?.getItem(RELOAD_MARK) === user.language) return false;
    storage?.setItem(RELOAD_MARK, user.language);
    if (url) this.document.location.assign(url);
    else this.reload();
    return true;
  }

  private reload(): void {
    this.document.location.reload();
  }
}
