module @logicalAnd {
  func.func @main(%arg0: tensor<2x3xi1>, %arg1: tensor<2x3xi1>) -> (tensor<2x3xi1>) {
    %0 = "stablehlo.and"(%arg0, %arg1) : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
    "func.return"(%0) : (tensor<2x3xi1>) -> ()
  }
}
