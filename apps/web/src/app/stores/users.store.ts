import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateUserRequest, UpdateUserRequest, UserDto } from '@tdgen/contracts';
import { ROUTES } from '@tdgen/contracts';
import { BehaviorSubject, Observable, tap } from 'rxjs';
import { apiUrl } from '../core/api-url';
import { NotificationService } from '../core/notification.service';
import { compareText } from '../core/collation';

const BASE = apiUrl(ROUTES.users);

/** Users for the admin screen (there are no user events; the list follows this tab's own changes). */
@Injectable({ providedIn: 'root' })
export class UsersStore {
  private readonly http = inject(HttpClient);
  private readonly notifications = inject(NotificationService);
  private readonly usersSubject = new BehaviorSubject<readonly UserDto[]>([]);

  readonly users$: Observable<readonly UserDto[]> = this.usersSubject.asObservable();

  load(): void {
    this.http.get<UserDto[]>(BASE).subscribe({
      next: (users) => this.usersSubject.next(sortUsers(users)),
      error: (error: unknown) => this.notifications.error(error, $localize`Could not load the users`),
    });
  }

  create(request: CreateUserRequest): Observable<UserDto> {
    return this.http.post<UserDto>(BASE, request).pipe(tap((user) => this.upsert(user)));
  }

  update(id: number, request: UpdateUserRequest): Observable<UserDto> {
    return this.http.patch<UserDto>(`${BASE}/${id}`, request).pipe(tap((user) => this.upsert(user)));
  }

  private upsert(user: UserDto): void {
    const others = this.usersSubject.value.filter((u) => u.id !== user.id);
    this.usersSubject.next(sortUsers([...others, user]));
  }
}

function sortUsers(users: readonly UserDto[]): UserDto[] {
  return [...users].sort((a, b) => compareText(a.username, b.username));
}
