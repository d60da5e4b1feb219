module @reduceMin {
  func.func @main(%arg0: tensor<2x3xi64>) -> (tensor<2xi64>) {
    %0 = "stablehlo.constant"() {value = dense<9223372036854775807> : tensor<i64>} : () -> tensor<i64>
    %1 = "stablehlo.reduce"(%arg0, %0) ({
    ^bb0(%2: tensor<i64>, %3: tensor<i64>):
      %4 = "stablehlo.minimum"(%2, %3) : (tensor<i64>, tensor<i64>) -> tensor<i64>
      "stablehlo.return"(%4) : (tensor<i64>) -> ()
    }) {dimensions = array<i64: 1>} : (tensor<2x3xi64>, tensor<i64>) -> tensor<2xi64>
    "func.return"(%1) : (tensor<2xi64>) -> ()
  }
}
