module @while {
  func.func @main(%arg0: tensor<i32>, %arg1: tensor<3xf32>) -> (tensor<i32>, tensor<3xf32>) {
    %0:2 = "stablehlo.while"(%arg0, %arg1) ({
    ^bb0(%1: tensor<i32>, %2: tensor<3xf32>):
      %3 = "stablehlo.constant"() {value = dense<10> : tensor<i32>} : () -> tensor<i32>
      %4 = "stablehlo.compare"(%1, %3) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      "stablehlo.return"(%4) : (tensor<i1>) -> ()
    }, {
    ^bb0(%5: tensor<i32>, %6: tensor<3xf32>):
      %7 = "stablehlo.constant"() {value = dense<1> : tensor<i32>} : () -> tensor<i32>
      %8 = "stablehlo.add"(%5, %7) : (tensor<i32>, tensor<i32>) -> tensor<i32>
      %9 = "stablehlo.multiply"(%6, %6) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
      "stablehlo.return"(%8, %9) : (tensor<i32>, tensor<3xf32>) -> ()
    }) : (tensor<i32>, tensor<3xf32>) -> (tensor<i32>, tensor<3xf32>)
    "func.return"(%0#0, %0#1) : (tensor<i32>, tensor<3xf32>) -> ()
  }
}
