import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { useIcons } from '../app/shared/icons/use-icons';
import { provideRouter } from '@angular/router';
import type { AnySseEnvelope, LockDto, PresenceEntry } from '@tdgen/contracts';
import { CLIENT_ID } from '../app/core/client-id';
import { clientIdInterceptor } from '../app/core/http/client-id.interceptor';
import { EVENT_SOURCE_FACTORY } from '../app/core/sse/event-source.factory';
import { SseService } from '../app/core/sse/sse.service';
import { FakeEventSource } from './fake-event-source';
import { envelope } from './fixtures';

export const MY_CLIENT_ID = 'my-tab';

/** TestBed with HTTP testing, a fake EventSource and a fixed tab id; the stream is connected. */
export function setUpStoreTestBed(extraProviders: unknown[] = []): {
  sse: SseService;
  http: HttpTestingController;
  stream: () => FakeEventSource;
  hello: (lastEventId?: number, locks?: LockDto[], presence?: PresenceEntry[]) => void;
  emit: (event: AnySseEnvelope) => void;
} {
  FakeEventSource.reset();
  TestBed.configureTestingModule({
    providers: [
      provideRouter([]),
      provideHttpClient(withInterceptors([clientIdInterceptor])),
      provideHttpClientTesting(),
      { provide: EVENT_SOURCE_FACTORY, useValue: FakeEventSource.factory },
      { provide: CLIENT_ID, useValue: MY_CLIENT_ID },
      ...(extraProviders as never[]),
    ],
  });
  // The app's icons, as the shell and the login page register them.
  TestBed.runInInjectionContext(() => useIcons());
  const sse = TestBed.inject(SseService);
  sse.connect();
  return {
    sse,
    http: TestBed.inject(HttpTestingController),
    stream: () => FakeEventSource.latest,
    hello: (lastEventId = 0, locks = [], presence = []) =>
      FakeEventSource.latest.emit(
        envelope(0, 'hello', { connectionId: 'c', lastEventId, locks, presence, serverTime: '' }, null, null),
      ),
    emit: (event) => FakeEventSource.latest.emit(event),
  };
}
