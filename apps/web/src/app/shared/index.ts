// What the app's layout (the shell) takes from the shared layer: the connection indicator, the
// presence avatars and the inline icons.
export { ConnectionIndicatorComponent } from './connection-indicator.component';
export { useIcons } from './icons/use-icons';
export { PresenceAvatarsComponent } from './presence-avatars.component';
