module @clamp {
  func.func @main(%arg0: tensor<i32>, %arg1: tensor<2x3xi32>, %arg2: tensor<i32>) -> (tensor<2x3xi32>) {
    %0 = "stablehlo.clamp"(%arg0, %arg1, %arg2) : (tensor<i32>, tensor<2x3xi32>, tensor<i32>) -> tensor<2x3xi32>
    "func.return"(%0) : (tensor<2x3xi32>) -> ()
  }
}
