module @min {
  func.func @main(%arg0: tensor<2x3xui16>, %arg1: tensor<2x3xui16>) -> (tensor<2x3xui16>) {
    %0 = "stablehlo.minimum"(%arg0, %arg1) : (tensor<2x3xui16>, tensor<2x3xui16>) -> tensor<2x3xui16>
    "func.return"(%0) : (tensor<2x3xui16>) -> ()
  }
}
