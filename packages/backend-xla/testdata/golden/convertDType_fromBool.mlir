module @convertDType_fromBool {
  func.func @main(%arg0: tensor<3xi1>) -> (tensor<3xbf16>) {
    %0 = "stablehlo.constant"() {value = dense<1.0> : tensor<3xbf16>} : () -> tensor<3xbf16>
    %1 = "stablehlo.constant"() {value = dense<0.0> : tensor<3xbf16>} : () -> tensor<3xbf16>
    %2 = "stablehlo.select"(%arg0, %0, %1) : (tensor<3xi1>, tensor<3xbf16>, tensor<3xbf16>) -> tensor<3xbf16>
    "func.return"(%2) : (tensor<3xbf16>) -> ()
  }
}
