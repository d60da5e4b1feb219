module @convertDType_toBool {
  func.func @main(%arg0: tensor<3xf32>) -> (tensor<3xi1>) {
    %0 = "stablehlo.constant"() {value = dense<0.0> : tensor<3xf32>} : () -> tensor<3xf32>
    %1 = "stablehlo.compare"(%arg0, %0) {comparison_direction = #stablehlo<comparison_direction NE>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xi1>
    "func.return"(%1) : (tensor<3xi1>) -> ()
  }
}
