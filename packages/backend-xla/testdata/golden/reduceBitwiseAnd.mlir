module @reduceBitwiseAnd {
  func.func @main(%arg0: tensor<2x3xui32>) -> (tensor<2xui32>) {
    %0 = "stablehlo.constant"() {value = dense<4294967295> : tensor<ui32>} : () -> tensor<ui32>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%2: tensor<ui32>, %3: tensor<ui32>):
      %4 = "stablehlo.and"(%2, %3) : (tensor<ui32>, tensor<ui32>) -> tensor<ui32>
      "stablehlo.return"(%4) : (tensor<ui32>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x3xui32>, tensor<ui32>) -> tensor<2xui32>
    "func.return"(%1) : (tensor<2xui32>) -> ()
  }
}
