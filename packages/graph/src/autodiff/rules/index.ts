// Importing this module registers every VJP rule.
import './elementwise.js';
import './shape.js';
import './reduce.js';
import './window.js';
import './linalg.js';
import './gather.js';
import './sort.js';
