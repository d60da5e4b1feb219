module @sign_uint {
  func.func @main(%arg0: tensor<4xui8>) -> (tensor<4xui8>) {
    %0 = "stablehlo.constant"() {value = dense<0> : tensor<4xui8>} : () -> tensor<4xui8>
    %1 = "stablehlo.compare"(%arg0, %0) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<4xui8>, tensor<4xui8>) -> tensor<4xi1>
    %2 = "stablehlo.convert"(%1) : (tensor<4xi1>) -> tensor<4xui8>
    "func.return"(%2) : (tensor<4xui8>) -> ()
  }
}
