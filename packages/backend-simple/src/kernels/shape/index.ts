// Registers the shape kernels of backend-simple.
export {};
