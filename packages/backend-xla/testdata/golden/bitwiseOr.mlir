module @bitwiseOr {
  func.func @main(%arg0: tensor<2x3xui64>, %arg1: tensor<2x3xui64>) -> (tensor<2x3xui64>) {
    %0 = "stablehlo.or"(%arg0, %arg1) : (tensor<2x3xui64>, tensor<2x3xui64>) -> tensor<2x3xui64>
    "func.return"(%0) : (tensor<2x3xui64>) -> ()
  }
}
