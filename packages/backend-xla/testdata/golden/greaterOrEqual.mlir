module @greaterOrEqual {
  func.func @main(%arg0: tensor<2x3xui32>, %arg1: tensor<2x3xui32>) -> (tensor<2x3xi1>) {
    %0 = "stablehlo.compare"(%arg0, %arg1) {comparison_direction = #stablehlo<comparison_direction GE>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x3xui32>, tensor<2x3xui32>) -> tensor<2x3xi1>
    "func.return"(%0) : (tensor<2x3xi1>) -> ()
  }
}
