import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { Role, UserDto } from '@tdgen/contracts';
import {
  DISPLAY_NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  USERNAME_MAX_LENGTH,
} from '@tdgen/contracts';

export type UserDialogData = { mode: 'create' } | { mode: 'edit'; user: UserDto } | { mode: 'password'; user: UserDto };

export interface UserDialogResult {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

/** Create a user, edit name and role, or set a new password (admin). */
@Component({
  selector: 'td-user-dialog',
  imports: [MatButtonModule, MatDialogModule, MatFormFieldModule, MatInputModule, MatSelectModule, ReactiveFormsModule],
  template: `
    <h2 mat-dialog-title>{{ heading }}</h2>
    <mat-dialog-content>
      <form [formGroup]="form" class="user-form">
        @if (data.mode === 'create') {
          <mat-form-field appearance="outline">
            <mat-label i18n>Username</mat-label>
            <input matInput formControlName="username" autocomplete="off" data-testid="user-username" />
          </mat-form-field>
        }
        @if (data.mode !== 'password') {
          <mat-form-field appearance="outline">
            <mat-label i18n>Display name</mat-label>
            <input matInput formControlName="displayName" data-testid="user-display-name" />
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label i18n>Role</mat-label>
            <mat-select formControlName="role" data-testid="user-role">
              <mat-option value="EDITOR" i18n="role">Editor</mat-option>
              <mat-option value="ADMIN" i18n="role">Admin</mat-option>
            </mat-select>
          </mat-form-field>
        }
        @if (data.mode !== 'edit') {
          <mat-form-field appearance="outline">
            @if (data.mode === 'create') {
              <mat-label i18n>Password</mat-label>
            } @else {
              <mat-label i18n>New password</mat-label>
            }
            <input
              matInput
              type="password"
              formControlName="password"
              autocomplete="new-password"
              data-testid="user-password"
            />
            <mat-hint i18n>At least {{ passwordMin }} characters</mat-hint>
          </mat-form-field>
        }
      </form>
    </mat-dialog-content>
    <mat-dialog-actions align="end">
      <button mat-button mat-dialog-close i18n>Cancel</button>
      <button mat-flat-button [disabled]="form.invalid" (click)="submit()" data-testid="user-submit" i18n>Save</button>
    </mat-dialog-actions>
  `,
  styles: `
    .user-form {
      display: flex;
      flex-direction: column;
      width: min(400px, 70vw);
      padding-top: 8px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UserDialogComponent {
  protected readonly data = inject<UserDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<UserDialogComponent, UserDialogResult>>(MatDialogRef);
  protected readonly passwordMin = PASSWORD_MIN_LENGTH;
  protected readonly heading =
    this.data.mode === 'create'
      ? $localize`New user`
      : this.data.mode === 'edit'
        ? $localize`Edit ${this.data.user.username}:username:`
        : $localize`New password for ${this.data.user.username}:username:`;

  private readonly user = this.data.mode === 'create' ? null : this.data.user;
  protected readonly form = inject(NonNullableFormBuilder).group({
    username: [
      { value: this.user?.username ?? '', disabled: this.data.mode !== 'create' },
      [Validators.required, Validators.maxLength(USERNAME_MAX_LENGTH)],
    ],
    displayName: [
      { value: this.user?.displayName ?? '', disabled: this.data.mode === 'password' },
      [Validators.required, Validators.maxLength(DISPLAY_NAME_MAX_LENGTH)],
    ],
    role: [{ value: (this.user?.role ?? 'EDITOR') as Role, disabled: this.data.mode === 'password' }],
    password: [
      { value: '', disabled: this.data.mode === 'edit' },
      [Validators.required, Validators.minLength(PASSWORD_MIN_LENGTH), Validators.maxLength(PASSWORD_MAX_LENGTH)],
    ],
  });

  protected submit(): void {
    if (this.form.invalid) return;
    const value = this.form.getRawValue();
    this.dialogRef.close({ ...value, username: value.username.trim(), displayName: value.displayName.trim() });
  }
}
