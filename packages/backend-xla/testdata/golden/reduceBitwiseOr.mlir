module @reduceBitwiseOr {
  func.func @main(%arg0: tensor<2x3xi8>) -> (tensor<2xi8>) {
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<i8>} : () -> tensor<i8>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%2: tensor<i8>, %3: tensor<i8>):
      %4 = "stablehlo.or"(%2, %3) : (tensor<i8>, tensor<i8>) -> tensor<i8>
      "stablehlo.return"(%4) : (tensor<i8>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x3xi8>, tensor<i8>) -> tensor<2xi8>
    "func.return"(%1) : (tensor<2xi8>) -> ()
  }
}
