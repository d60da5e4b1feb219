module @dynamicSlice {
  func.func @main(%arg0: tensor<5x6xf32>, %arg1: tensor<i32>, %arg2: tensor<i64>) -> (tensor<2x3xf32>) {
    %0 = "stablehlo.convert"(%arg1) : (tensor<i32>) -> tensor<i64>
    %1 = "stablehlo.dynamic_slice"(%arg0, %0, %arg2) {slice_sizes = array<i64: 2, 3>} : (tensor<5x6xf32>, tensor<i64>, tensor<i64>) -> tensor<2x3xf32>
    "func.return"(%1) : (tensor<2x3xf32>) -> ()
  }
}
