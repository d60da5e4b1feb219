// Registers the elementwise kernels of backend-simple.
export {};
