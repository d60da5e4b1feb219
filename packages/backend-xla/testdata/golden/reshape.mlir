module @reshape {
  func.func @main(%arg0: tensor<2x3xf32>) -> (tensor<3x2xf32>) {
    %0 = "stablehlo.reshape"(%arg0) : (tensor<2x3xf32>) -> tensor<3x2xf32>
    "func.return"(%0) : (tensor<3x2xf32>) -> ()
  }
}
