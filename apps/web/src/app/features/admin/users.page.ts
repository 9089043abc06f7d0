import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatTableModule } from '@angular/material/table';
import type { UserDto } from '@tdgen/contracts';
import { firstValueFrom } from 'rxjs';
import { CurrentUserService } from '../../core/auth/current-user.service';
import { NotificationService } from '../../core/notification.service';
import { UsersStore } from '../../stores/users.store';
import { confirm } from '../../flows/records/record-dialogs';
import { UserDialogComponent, UserDialogData, UserDialogResult } from './user-dialog.component';

/** Admin: users — list, create, edit, disable/enable, reset password (docs/product.md § Roles). */
@Component({
  selector: 'td-users-page',
  imports: [DatePipe, MatButtonModule, MatIconModule, MatMenuModule, MatTableModule],
  template: `
    <section class="page" data-testid="users-page">
      <header class="page__header">
        <h1 class="page__title" i18n>Users</h1>
        <span class="td-spacer"></span>
        <button mat-flat-button (click)="create()" data-testid="create-user">
          <mat-icon svgIcon="person_add"></mat-icon><ng-container i18n>New user</ng-container>
        </button>
      </header>
      <table mat-table [dataSource]="users()" class="mat-elevation-z0" data-testid="users-table">
        <ng-container matColumnDef="username">
          <th mat-header-cell *matHeaderCellDef i18n>Username</th>
          <td mat-cell *matCellDef="let user">{{ user.username }}</td>
        </ng-container>
        <ng-container matColumnDef="displayName">
          <th mat-header-cell *matHeaderCellDef i18n>Display name</th>
          <td mat-cell *matCellDef="let user">{{ user.displayName }}</td>
        </ng-container>
        <ng-container matColumnDef="role">
          <th mat-header-cell *matHeaderCellDef i18n>Role</th>
          <td mat-cell *matCellDef="let user">
            @if (user.role === 'ADMIN') {
              <ng-container i18n="role">Admin</ng-container>
            } @else {
              <ng-container i18n="role">Editor</ng-container>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="status">
          <th mat-header-cell *matHeaderCellDef i18n>Status</th>
          <td mat-cell *matCellDef="let user">
            @if (user.disabledAt) {
              @let since = user.disabledAt | date: 'mediumDate';
              <ng-container i18n>Disabled since {{ since }}</ng-container>
            } @else {
              <ng-container i18n="user status">Active</ng-container>
            }
          </td>
        </ng-container>
        <ng-container matColumnDef="createdAt">
          <th mat-header-cell *matHeaderCellDef i18n>Created</th>
          <td mat-cell *matCellDef="let user">{{ user.createdAt | date: 'mediumDate' }}</td>
        </ng-container>
        <ng-container matColumnDef="actions">
          <th mat-header-cell *matHeaderCellDef><span class="td-visually-hidden" i18n>Actions</span></th>
          <td mat-cell *matCellDef="let user">
            <button mat-icon-button [matMenuTriggerFor]="menu" [attr.aria-label]="actionsLabel(user.username)">
              <mat-icon svgIcon="more_vert"></mat-icon>
            </button>
            <mat-menu #menu="matMenu">
              <button mat-menu-item (click)="edit(user)">
                <mat-icon svgIcon="edit"></mat-icon><ng-container i18n>Edit name and role</ng-container>
              </button>
              <button mat-menu-item (click)="resetPassword(user)">
                <mat-icon svgIcon="password"></mat-icon><ng-container i18n>Set new password</ng-container>
              </button>
              @if (user.disabledAt) {
                <button mat-menu-item (click)="setDisabled(user, false)">
                  <mat-icon svgIcon="person_check"></mat-icon><ng-container i18n>Enable</ng-container>
                </button>
              } @else {
                <button mat-menu-item [disabled]="user.id === meId()" (click)="setDisabled(user, true)">
                  <mat-icon svgIcon="person_off"></mat-icon><ng-container i18n>Disable</ng-container>
                </button>
              }
            </mat-menu>
          </td>
        </ng-container>
        <tr mat-header-row *matHeaderRowDef="columns"></tr>
        <tr mat-row *matRowDef="let user; columns: columns" [class.row--disabled]="user.disabledAt"></tr>
      </table>
    </section>
  `,
  styleUrls: ['../../flows/records/management-page.scss'],
  styles: `
    .row--disabled td {
      color: var(--mat-sys-outline);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsersPage implements OnInit {
  protected actionsLabel(username: string): string {
    return $localize`Actions for ${username}:username:`;
  }

  private readonly store = inject(UsersStore);
  private readonly dialog = inject(MatDialog);
  private readonly notifications = inject(NotificationService);
  private readonly auth = inject(CurrentUserService);

  protected readonly users = toSignal(this.store.users$, { initialValue: [] });
  protected readonly columns = ['username', 'displayName', 'role', 'status', 'createdAt', 'actions'];
  protected readonly meId = () => this.auth.currentUser?.id;

  ngOnInit(): void {
    this.store.load();
  }

  protected async create(): Promise<void> {
    const result = await this.openDialog({ mode: 'create' });
    if (result)
      await this.attempt(this.store.create(result), $localize`User ${result.username}:username: was created.`);
  }

  protected async edit(user: UserDto): Promise<void> {
    const result = await this.openDialog({ mode: 'edit', user });
    if (result) await this.attempt(this.store.update(user.id, { displayName: result.displayName, role: result.role }));
  }

  protected async resetPassword(user: UserDto): Promise<void> {
    const result = await this.openDialog({ mode: 'password', user });
    if (result) {
      await this.attempt(
        this.store.update(user.id, { password: result.password }),
        $localize`New password set for ${user.username}:username:.`,
      );
    }
  }

  protected async setDisabled(user: UserDto, isDisabled: boolean): Promise<void> {
    if (isDisabled) {
      const isConfirmed = await confirm(this.dialog, {
        title: $localize`Disable user?`,
        message: $localize`${user.displayName}:name: will no longer be able to sign in.`,
        confirmLabel: $localize`Disable`,
        isDestructive: true,
      });
      if (!isConfirmed) return;
    }
    await this.attempt(this.store.update(user.id, { disabled: isDisabled }));
  }

  private openDialog(data: UserDialogData): Promise<UserDialogResult | undefined> {
    return firstValueFrom(
      this.dialog
        .open<UserDialogComponent, UserDialogData, UserDialogResult>(UserDialogComponent, { data })
        .afterClosed(),
    );
  }

  private async attempt(request: ReturnType<UsersStore['update']>, success?: string): Promise<void> {
    try {
      await firstValueFrom(request);
      if (success) this.notifications.info(success);
    } catch {
      // Explained by the error interceptor.
    }
  }
}
