module @argMinMax_int {
  func.func @main(%arg0: tensor<2x3xi32>) -> (tensor<3xi64>) {
    %0 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2x3xi64>
    %1 = "stablehlo.constant"() {value = dense<2147483647> : tensor<i32>} : () -> tensor<i32>
    %2 = "stablehlo.constant"() {value = dense<9223372036854775807> : tensor<i64>} : () -> tensor<i64>
    %3:2 = "stablehlo.reduce"(%arg0, %0, %1, %2) ({
    ^bb0(%4: tensor<i32>, %5: tensor<i64>, %6: tensor<i32>, %7: tensor<i64>):
      %8 = "stablehlo.compare"(%4, %6) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %9 = "stablehlo.compare"(%5, %7) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i64>, tensor<i64>) -> tensor<i1>
      %10 = "stablehlo.compare"(%4, %6) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i32>, tensor<i32>) -> tensor<i1>
      %11 = "stablehlo.and"(%10, %9) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %12 = "stablehlo.or"(%8, %11) : (tensor<i1>, tensor<i1>) -> tensor<i1>
      %13 = "stablehlo.select"(%12, %4, %6) : (tensor<i1>, tensor<i32>, tensor<i32>) -> tensor<i32>
      %14 = "stablehlo.select"(%12, %5, %7) : (tensor<i1>, tensor<i64>, tensor<i64>) -> tensor<i64>
      "stablehlo.return"(%13, %14) : (tensor<i32>, tensor<i64>) -> ()
    }) {dimensions = array<i64: 0>} : (tensor<2x3xi32>, tensor<2x3xi64>, tensor<i32>, tensor<i64>) -> (tensor<3xi32>, tensor<3xi64>)
    "func.return"(%3#1) : (tensor<3xi64>) -> ()
  }
}
