module @call {
  func.func @main(%arg0: tensor<3xf32>) -> (tensor<3xf32>) {
    %0 = "func.call"(%arg0) {callee = @square_plus_1} : (tensor<3xf32>) -> tensor<3xf32>
    %1 = "func.call"(%0) {callee = @square_plus_1} : (tensor<3xf32>) -> tensor<3xf32>
    "func.return"(%1) : (tensor<3xf32>) -> ()
  }
  func.func private @square_plus_1(%arg0: tensor<3xf32>) -> (tensor<3xf32>) {
    %0 = "stablehlo.multiply"(%arg0, %arg0) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    %1 = "stablehlo.add"(%0, %arg0) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    "func.return"(%1) : (tensor<3xf32>) -> ()
  }
}
