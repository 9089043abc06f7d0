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
    // The second press builds on the first (not yet saved): nothing is lost.
    expect(host.changes).toEqual([
      [55, 25, 20],
      [55, 20, 25],
    ]);
  });

  it('counts three quick key presses as 15 points, before any round trip', async () => {
    const { host, divider } = await render();
    key(divider(0), 'ArrowDown');
    key(divider(0), 'ArrowDown');
    key(divider(0), 'ArrowDown');
    expect(host.changes.at(-1)).toEqual([65, 15, 20]);
  });

  it('takes a typed share and rebalances the others in proportion', async () => {
    const { host, element, fixture } = await render();
    const input = element.querySelector<HTMLInputElement>('[data-testid="share-input-1"]')!;
    input.value = '70';
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    expect(host.changes).toEqual([[70, 20, 10]]);
  });

  it('explains a typed share that breaks the rules and sends nothing', async () => {
    const { host, element, fixture } = await render();
    const input = element.querySelector<HTMLInputElement>('[data-testid="share-input-2"]')!;
    for (const [text, problem] of [
      ['7', 'Use steps of 5'],
      ['0', 'At least 5'],
      ['95', 'At most 90'],
      ['', 'Enter a number'],
    ]) {
      input.value = text;
      input.dispatchEvent(new Event('input'));
      await fixture.whenStable();
      expect(element.querySelector('[role="alert"]')?.textContent).toContain(problem);
      expect(input.getAttribute('aria-invalid')).toBe('true');
    }
    expect(host.changes).toEqual([]);
    input.dispatchEvent(new Event('blur'));
    await fixture.whenStable();
    expect(input.value).toBe('30');
  });

  it('distributes evenly', async () => {
    const { host, element } = await render();
    element.querySelector<HTMLButtonElement>('[data-testid="share-distribute-evenly"]')!.click();
    expect(host.changes).toEqual([[35, 35, 30]]);
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
