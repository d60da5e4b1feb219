module @if {
  func.func @main(%arg0: tensor<i1>, %arg1: tensor<3xf32>) -> (tensor<3xf32>) {
    %0 = "stablehlo.if"(%arg0) ({
      %1 = "stablehlo.exponential"(%arg1) : (tensor<3xf32>) -> tensor<3xf32>
      "stablehlo.return"(%1) : (tensor<3xf32>) -> ()
    }, {
      %2 = "stablehlo.negate"(%arg1) : (tensor<3xf32>) -> tensor<3xf32>
      "stablehlo.return"(%2) : (tensor<3xf32>) -> ()
    }) : (tensor<i1>) -> tensor<3xf32>
    "func.return"(%0) : (tensor<3xf32>) -> ()
  }
}
