module @slice {
  func.func @main(%arg0: tensor<5x6xf32>) -> (tensor<2x2xf32>) {
    %0 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 1, 0>, limit_indices = array<i64: 5, 6>, strides = array<i64: 2, 3>} : (tensor<5x6xf32>) -> tensor<2x2xf32>
    "func.return"(%0) : (tensor<2x2xf32>) -> ()
  }
}
