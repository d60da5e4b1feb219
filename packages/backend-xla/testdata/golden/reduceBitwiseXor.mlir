module @reduceBitwiseXor {
  func.func @main(%arg0: tensor<2x3xi16>) -> (tensor<2xi16>) {
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<i16>} : () -> tensor<i16>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%2: tensor<i16>, %3: tensor<i16>):
      %4 = "stablehlo.xor"(%2, %3) : (tensor<i16>, tensor<i16>) -> tensor<i16>
      "stablehlo.return"(%4) : (tensor<i16>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x3xi16>, tensor<i16>) -> tensor<2xi16>
    "func.return"(%1) : (tensor<2xi16>) -> ()
  }
}
