module @constant {
  func.func @main() -> (tensor<2x3xf32>, tensor<2xi64>, tensor<ui64>, tensor<3xi1>, tensor<3xf16>, tensor<3xbf16>, tensor<2xf64>, tensor<2x2xi32>, tensor<7x10xf32>, tensor<0x3xf32>) {
    %0 = "stablehlo.constant"() {value = dense<[[1.0, -2.5, 1.0e-06], [0x7FC00000, 0x7F800000, -0.0]]> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
    %1 = "stablehlo.constant"() {value = dense<[-9223372036854775808, 9223372036854775807]> : tensor<2xi64>} : () -> tensor<2xi64>
    %2 = "stablehlo.constant"() {value = dense<18446744073709551615> : tensor<ui64>} : () -> tensor<ui64>
    %3 = "stablehlo.constant"() {value = dense<[true, false, true]> : tensor<3xi1>} : () -> tensor<3xi1>
    %4 = "stablehlo.constant"() {value = dense<[1.0, 0x7E00, 0xFC00]> : tensor<3xf16>} : () -> tensor<3xf16>
    %5 = "stablehlo.constant"() {value = dense<[1.0, 0x7FC0, 3.14]> : tensor<3xbf16>} : () -> tensor<3xbf16>
    %6 = "stablehlo.constant"() {value = dense<[0.1, 1.0e+300]> : tensor<2xf64>} : () -> tensor<2xf64>
    %7 = "stablehlo.constant"() {value = dense<7> : tensor<2x2xi32>} : () -> tensor<2x2xi32>
    %8 = "stablehlo.constant"() {value = dense<"0x000000000000803E0000003F0000403F0000803F0000A03F0000C03F0000E03F0000004000001040000020400000304000004040000050400000604000007040000080400000884000009040000098400000A0400000A8400000B0400000B8400000C0400000C8400000D0400000D8400000E0400000E8400000F0400000F84000000041000004410000084100000C4100001041000014410000184100001C4100002041000024410000284100002C4100003041000034410000384100003C4100004041000044410000484100004C4100005041000054410000584100005C4100006041000064410000684100006C4100007041000074410000784100007C41000080410000824100008441000086410000884100008A41"> : tensor<7x10xf32>} : () -> tensor<7x10xf32>
    %9 = "stablehlo.constant"() {value = dense<> : tensor<0x3xf32>} : () -> tensor<0x3xf32>
    "func.return"(%0, %1, %2, %3, %4, %5, %6, %7, %8, %9) : (tensor<2x3xf32>, tensor<2xi64>, tensor<ui64>, tensor<3xi1>, tensor<3xf16>, tensor<3xbf16>, tensor<2xf64>, tensor<2x2xi32>, tensor<7x10xf32>, tensor<0x3xf32>) -> ()
  }
}
