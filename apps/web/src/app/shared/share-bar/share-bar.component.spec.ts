import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ShareBarComponent, ShareSegment } from './share-bar.component';

@Component({
  imports: [ShareBarComponent],
  template: `<td-share-bar
    [segments]="segments()"
    [isDisabled]="isDisabled()"
    (sharesChange)="changes.push($event)"
  />`,
})
class HostComponent {
  readonly segments = signal<ShareSegment[]>([
    { id: 1, label: 'Filing', percentage: 50 },
    { id: 2, label: 'Phone', percentage: 30 },
    { id: 3, label: 'Mail', percentage: 20 },
  ]);
  readonly isDisabled = signal(false);
  readonly changes: number[][] = [];
}

describe('ShareBarComponent', () => {
  async function render() {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const divider = (i: number) => element.querySelector<HTMLElement>(`[data-testid="share-divider-${i}"]`)!;
    return { fixture, host: fixture.componentInstance, element, divider };
  }

  function key(target: HTMLElement, keyName: string): void {
    target.dispatchEvent(new KeyboardEvent('keydown', { key: keyName, bubbles: true, cancelable: true }));
  }

  it('renders one segment per task with its share, and a divider between neighbours', async () => {
    const { element } = await render();
    const segments = element.querySelectorAll<HTMLElement>('[data-testid^="share-segment-"]');
    expect([...segments].map((s) => s.style.flexGrow)).toEqual(['50', '30', '20']);
    expect(element.querySelectorAll('[role="separator"]')).toHaveLength(2);
    expect(element.querySelector('[data-testid="share-divider-0"]')?.getAttribute('aria-valuenow')).toBe('50');
  });

  it('moves a divider with the arrow keys in steps of 5', async () => {
    const { host, divider } = await render();
    key(divider(0), 'ArrowDown');
    key(divider(1), 'ArrowUp');
    expect(host.changes).toEqual([
      [55, 25, 20],
      [50, 25, 25],
    ]);
  });

  it('does not go below 5 and emits nothing when a key cannot move the divider', async () => {
    const { host, divider, fixture } = await render();
    host.segments.set([
      { id: 1, label: 'A', percentage: 5 },
      { id: 2, label: 'B', percentage: 95 },
    ]);
    await fixture.whenStable();
    key(divider(0), 'ArrowUp');
    key(divider(0), 'Enter');
    expect(host.changes).toEqual([]);
  });

  it('is read-only without the lock', async () => {
    const { host, divider, fixture } = await render();
    host.isDisabled.set(true);
    await fixture.whenStable();
    expect(divider(0).getAttribute('tabindex')).toBe('-1');
    key(divider(0), 'ArrowDown');
    expect(host.changes).toEqual([]);
  });
});
