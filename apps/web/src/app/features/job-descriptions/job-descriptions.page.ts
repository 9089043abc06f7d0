import { ChangeDetectionStrategy, Component } from '@angular/core';

@Component({
  selector: 'td-job-descriptions-page',
  template: '<p>Coming soon</p>',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class JobDescriptionsPage {}
