module @bitcast {
  func.func @main(%arg0: tensor<3xf32>, %arg1: tensor<2xf64>) -> (tensor<3xui32>, tensor<2x4xui16>) {
    %0 = "stablehlo.bitcast_convert"(%arg0) : (tensor<3xf32>) -> tensor<3xui32>
    %1 = "stablehlo.bitcast_convert"(%arg1) : (tensor<2xf64>) -> tensor<2x4xui16>
    "func.return"(%0, %1) : (tensor<3xui32>, tensor<2x4xui16>) -> ()
  }
}
