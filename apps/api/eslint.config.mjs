import baseConfig from '../../eslint.config.mjs';
import { apiLayerRules } from './eslint.layers.mjs';

// Folder layers of the API (no cycles between folders): see eslint.layers.mjs.
export default [...baseConfig, ...apiLayerRules(['src/**/*.ts'])];
