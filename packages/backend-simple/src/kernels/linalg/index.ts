// Registers the linalg kernels of backend-simple.
export {};
