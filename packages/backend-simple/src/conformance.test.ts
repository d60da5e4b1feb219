import { runConformance } from '@tsmlx/backends/conformance';
import { SimpleBackend } from './backend.js';
import './kernels/index.js';

runConformance('backend-simple', () => new SimpleBackend());
