import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatChipsModule } from '@angular/material/chips';
import { MatDividerModule } from '@angular/material/divider';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatToolbarModule } from '@angular/material/toolbar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink, RouterOutlet } from '@angular/router';
import type { Language } from '@tdgen/contracts';
import { ConnectionIndicatorComponent, PresenceAvatarsComponent, useIcons } from '../shared';
import { ConnectivityService } from '../core/connectivity.service';
import { ThemeService } from '../core/theme.service';
import { LanguageService } from '../core/language.service';
import { CurrentWorkspaceStore } from '../stores/current-workspace.store';
import { CurrentUserService } from '../core/auth/current-user.service';
import { SessionService } from '../flows/session/session.service';
import { SseService } from '../core/sse/sse.service';
import { WorkspaceActionsService } from '../flows/workspace/workspace-actions.service';
import { LockNegotiationHostComponent } from '../flows/locks/lock-negotiation-host.component';

/** Each language named in itself, as a language menu shows it. */
const LANGUAGE_NAMES: Record<Language, { code: Language; name: string }> = {
  en: { code: 'en', name: 'English' },
  de: { code: 'de', name: 'Deutsch' },
};

/** The signed-in frame: header (docs/product.md § Web app) around the routed pages; owns the session's lifetime. */
@Component({
  selector: 'td-shell',
  imports: [
    DecimalPipe,
    MatButtonModule,
    MatChipsModule,
    MatDividerModule,
    MatIconModule,
    MatMenuModule,
    MatToolbarModule,
    MatTooltipModule,
    RouterLink,
    RouterOutlet,
    ConnectionIndicatorComponent,
    PresenceAvatarsComponent,
    LockNegotiationHostComponent,
  ],
  templateUrl: './shell.component.html',
  styleUrl: './shell.component.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ShellComponent implements OnInit {
  private readonly auth = inject(CurrentUserService);
  private readonly session = inject(SessionService);
  private readonly workspace = inject(CurrentWorkspaceStore);
  protected readonly actions = inject(WorkspaceActionsService);
  protected readonly connectivity = inject(ConnectivityService);
  protected readonly theme = inject(ThemeService);
  private readonly language = inject(LanguageService);
  /** The language to switch to, named in that language (one other language: a toggle). */
  protected readonly otherLanguage = this.language.current === 'de' ? LANGUAGE_NAMES.en : LANGUAGE_NAMES.de;

  protected readonly user = toSignal(this.auth.user$, { initialValue: null });
  protected readonly connectionState = toSignal(inject(SseService).connectionState, { initialValue: 'offline' });
  protected readonly description = toSignal(this.workspace.description$, { initialValue: null });
  protected readonly viewers = toSignal(this.workspace.viewers$, { initialValue: [] });
  protected readonly canEdit = toSignal(this.workspace.canEdit$, { initialValue: false });

  constructor() {
    useIcons();
    inject(DestroyRef).onDestroy(() => this.session.stop());
  }

  ngOnInit(): void {
    this.session.start();
    void this.actions.reopenAfterReload();
  }

  protected chooseLanguage(language: Language): void {
    this.language.choose(language).subscribe();
  }

  protected logout(): void {
    this.workspace.forgetStoredDescription();
    this.session.stop();
    this.auth.logout().subscribe();
  }
}
