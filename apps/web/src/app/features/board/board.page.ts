import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'td-board-page',
  template: '<p>Coming soon</p>',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class BoardPage {}
