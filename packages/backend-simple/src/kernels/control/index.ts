// Registers the control kernels of backend-simple.
export {};
