import { SimpleBackend } from '@tsmlx/backend-simple';
import { runGradientConformance } from '../conformance/index.js';

// The gradient conformance kit, run on backend-simple (as a third-party backend would run it).
runGradientConformance('backend-simple', () => new SimpleBackend());
