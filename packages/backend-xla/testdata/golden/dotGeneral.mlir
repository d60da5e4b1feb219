module @dotGeneral {
  func.func @main(%arg0: tensor<5x2x3xf32>, %arg1: tensor<5x3x4xf32>) -> (tensor<5x2x4xf32>) {
    %0 = "stablehlo.dot_general"(%arg0, %arg1) {dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = [0], rhs_batching_dimensions = [0], lhs_contracting_dimensions = [2], rhs_contracting_dimensions = [1]>, precision_config = [#stablehlo<precision HIGHEST>, #stablehlo<precision HIGHEST>]} : (tensor<5x2x3xf32>, tensor<5x3x4xf32>) -> tensor<5x2x4xf32>
    "func.return"(%0) : (tensor<5x2x4xf32>) -> ()
  }
}
