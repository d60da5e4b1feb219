module @concatenate {
  func.func @main(%arg0: tensor<2x3xf32>, %arg1: tensor<1x3xf32>) -> (tensor<3x3xf32>) {
    %0 = "stablehlo.concatenate"(%arg0, %arg1) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<1x3xf32>) -> tensor<3x3xf32>
    "func.return"(%0) : (tensor<3x3xf32>) -> ()
  }
}
