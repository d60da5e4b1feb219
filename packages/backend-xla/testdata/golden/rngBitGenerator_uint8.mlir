module @rngBitGenerator_uint8 {
  func.func @main(%arg0: tensor<3xui64>) -> (tensor<3xui64>, tensor<5xui8>) {
    %0 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 0>, limit_indices = array<i64: 1>, strides = array<i64: 1>} : (tensor<3xui64>) -> tensor<1xui64>
    %1 = "stablehlo.reshape"(%0) : (tensor<1xui64>) -> tensor<ui64>
    %2 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 1>, limit_indices = array<i64: 2>, strides = array<i64: 1>} : (tensor<3xui64>) -> tensor<1xui64>
    %3 = "stablehlo.reshape"(%2) : (tensor<1xui64>) -> tensor<ui64>
    %4 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 2>, limit_indices = array<i64: 3>, strides = array<i64: 1>} : (tensor<3xui64>) -> tensor<1xui64>
    %5 = "stablehlo.reshape"(%4) : (tensor<1xui64>) -> tensor<ui64>
    %6 = "stablehlo.constant"() {value = dense<4294967295> : tensor<2xui64>} : () -> tensor<2xui64>
    %7 = "stablehlo.constant"() {value = dense<32> : tensor<2xui64>} : () -> tensor<2xui64>
    %8 = "stablehlo.broadcast_in_dim"(%5) {broadcast_dimensions = array<i64>} : (tensor<ui64>) -> tensor<2xui64>
    %9 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<2xui64>
    %10 = "stablehlo.add"(%8, %9) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %11 = "stablehlo.broadcast_in_dim"(%3) {broadcast_dimensions = array<i64>} : (tensor<ui64>) -> tensor<2xui64>
    %12 = "stablehlo.compare"(%10, %8) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xi1>
    %13 = "stablehlo.convert"(%12) : (tensor<2xi1>) -> tensor<2xui64>
    %14 = "stablehlo.add"(%11, %13) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %15 = "stablehlo.and"(%10, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %16 = "stablehlo.convert"(%15) : (tensor<2xui64>) -> tensor<2xui32>
    %17 = "stablehlo.shift_right_logical"(%10, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %18 = "stablehlo.convert"(%17) : (tensor<2xui64>) -> tensor<2xui32>
    %19 = "stablehlo.and"(%14, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %20 = "stablehlo.convert"(%19) : (tensor<2xui64>) -> tensor<2xui32>
    %21 = "stablehlo.shift_right_logical"(%14, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %22 = "stablehlo.convert"(%21) : (tensor<2xui64>) -> tensor<2xui32>
    %23 = "stablehlo.broadcast_in_dim"(%1) {broadcast_dimensions = array<i64>} : (tensor<ui64>) -> tensor<2xui64>
    %24 = "stablehlo.and"(%23, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %25 = "stablehlo.convert"(%24) : (tensor<2xui64>) -> tensor<2xui32>
    %26 = "stablehlo.shift_right_logical"(%23, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %27 = "stablehlo.convert"(%26) : (tensor<2xui64>) -> tensor<2xui32>
    %28 = "stablehlo.constant"() {value = dense<3528531795> : tensor<2xui64>} : () -> tensor<2xui64>
    %29 = "stablehlo.constant"() {value = dense<3449720151> : tensor<2xui64>} : () -> tensor<2xui64>
    %30 = "stablehlo.convert"(%16) : (tensor<2xui32>) -> tensor<2xui64>
    %31 = "stablehlo.multiply"(%30, %28) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %32 = "stablehlo.convert"(%20) : (tensor<2xui32>) -> tensor<2xui64>
    %33 = "stablehlo.multiply"(%32, %29) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %34 = "stablehlo.shift_right_logical"(%33, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %35 = "stablehlo.convert"(%34) : (tensor<2xui64>) -> tensor<2xui32>
    %36 = "stablehlo.xor"(%35, %18) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %37 = "stablehlo.xor"(%36, %25) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %38 = "stablehlo.shift_right_logical"(%31, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %39 = "stablehlo.convert"(%38) : (tensor<2xui64>) -> tensor<2xui32>
    %40 = "stablehlo.xor"(%39, %22) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %41 = "stablehlo.xor"(%40, %27) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %42 = "stablehlo.and"(%33, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %43 = "stablehlo.convert"(%42) : (tensor<2xui64>) -> tensor<2xui32>
    %44 = "stablehlo.and"(%31, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %45 = "stablehlo.convert"(%44) : (tensor<2xui64>) -> tensor<2xui32>
    %46 = "stablehlo.constant"() {value = dense<2654435769> : tensor<2xui32>} : () -> tensor<2xui32>
    %47 = "stablehlo.add"(%25, %46) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %48 = "stablehlo.constant"() {value = dense<3144134277> : tensor<2xui32>} : () -> tensor<2xui32>
    %49 = "stablehlo.add"(%27, %48) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %50 = "stablehlo.convert"(%37) : (tensor<2xui32>) -> tensor<2xui64>
    %51 = "stablehlo.multiply"(%50, %28) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %52 = "stablehlo.convert"(%41) : (tensor<2xui32>) -> tensor<2xui64>
    %53 = "stablehlo.multiply"(%52, %29) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %54 = "stablehlo.shift_right_logical"(%53, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %55 = "stablehlo.convert"(%54) : (tensor<2xui64>) -> tensor<2xui32>
    %56 = "stablehlo.xor"(%55, %43) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %57 = "stablehlo.xor"(%56, %47) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %58 = "stablehlo.shift_right_logical"(%51, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %59 = "stablehlo.convert"(%58) : (tensor<2xui64>) -> tensor<2xui32>
    %60 = "stablehlo.xor"(%59, %45) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %61 = "stablehlo.xor"(%60, %49) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %62 = "stablehlo.and"(%53, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %63 = "stablehlo.convert"(%62) : (tensor<2xui64>) -> tensor<2xui32>
    %64 = "stablehlo.and"(%51, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %65 = "stablehlo.convert"(%64) : (tensor<2xui64>) -> tensor<2xui32>
    %66 = "stablehlo.constant"() {value = dense<1013904242> : tensor<2xui32>} : () -> tensor<2xui32>
    %67 = "stablehlo.add"(%25, %66) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %68 = "stablehlo.constant"() {value = dense<1993301258> : tensor<2xui32>} : () -> tensor<2xui32>
    %69 = "stablehlo.add"(%27, %68) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %70 = "stablehlo.convert"(%57) : (tensor<2xui32>) -> tensor<2xui64>
    %71 = "stablehlo.multiply"(%70, %28) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %72 = "stablehlo.convert"(%61) : (tensor<2xui32>) -> tensor<2xui64>
    %73 = "stablehlo.multiply"(%72, %29) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %74 = "stablehlo.shift_right_logical"(%73, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %75 = "stablehlo.convert"(%74) : (tensor<2xui64>) -> tensor<2xui32>
    %76 = "stablehlo.xor"(%75, %63) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %77 = "stablehlo.xor"(%76, %67) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %78 = "stablehlo.shift_right_logical"(%71, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %79 = "stablehlo.convert"(%78) : (tensor<2xui64>) -> tensor<2xui32>
    %80 = "stablehlo.xor"(%79, %65) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %81 = "stablehlo.xor"(%80, %69) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %82 = "stablehlo.and"(%73, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %83 = "stablehlo.convert"(%82) : (tensor<2xui64>) -> tensor<2xui32>
    %84 = "stablehlo.and"(%71, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %85 = "stablehlo.convert"(%84) : (tensor<2xui64>) -> tensor<2xui32>
    %86 = "stablehlo.constant"() {value = dense<3668340011> : tensor<2xui32>} : () -> tensor<2xui32>
    %87 = "stablehlo.add"(%25, %86) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %88 = "stablehlo.constant"() {value = dense<842468239> : tensor<2xui32>} : () -> tensor<2xui32>
    %89 = "stablehlo.add"(%27, %88) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %90 = "stablehlo.convert"(%77) : (tensor<2xui32>) -> tensor<2xui64>
    %91 = "stablehlo.multiply"(%90, %28) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %92 = "stablehlo.convert"(%81) : (tensor<2xui32>) -> tensor<2xui64>
    %93 = "stablehlo.multiply"(%92, %29) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %94 = "stablehlo.shift_right_logical"(%93, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %95 = "stablehlo.convert"(%94) : (tensor<2xui64>) -> tensor<2xui32>
    %96 = "stablehlo.xor"(%95, %83) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %97 = "stablehlo.xor"(%96, %87) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %98 = "stablehlo.shift_right_logical"(%91, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %99 = "stablehlo.convert"(%98) : (tensor<2xui64>) -> tensor<2xui32>
    %100 = "stablehlo.xor"(%99, %85) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %101 = "stablehlo.xor"(%100, %89) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %102 = "stablehlo.and"(%93, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %103 = "stablehlo.convert"(%102) : (tensor<2xui64>) -> tensor<2xui32>
    %104 = "stablehlo.and"(%91, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %105 = "stablehlo.convert"(%104) : (tensor<2xui64>) -> tensor<2xui32>
    %106 = "stablehlo.constant"() {value = dense<2027808484> : tensor<2xui32>} : () -> tensor<2xui32>
    %107 = "stablehlo.add"(%25, %106) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %108 = "stablehlo.constant"() {value = dense<3986602516> : tensor<2xui32>} : () -> tensor<2xui32>
    %109 = "stablehlo.add"(%27, %108) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %110 = "stablehlo.convert"(%97) : (tensor<2xui32>) -> tensor<2xui64>
    %111 = "stablehlo.multiply"(%110, %28) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %112 = "stablehlo.convert"(%101) : (tensor<2xui32>) -> tensor<2xui64>
    %113 = "stablehlo.multiply"(%112, %29) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %114 = "stablehlo.shift_right_logical"(%113, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %115 = "stablehlo.convert"(%114) : (tensor<2xui64>) -> tensor<2xui32>
    %116 = "stablehlo.xor"(%115, %103) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %117 = "stablehlo.xor"(%116, %107) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %118 = "stablehlo.shift_right_logical"(%111, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %119 = "stablehlo.convert"(%118) : (tensor<2xui64>) -> tensor<2xui32>
    %120 = "stablehlo.xor"(%119, %105) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %121 = "stablehlo.xor"(%120, %109) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %122 = "stablehlo.and"(%113, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %123 = "stablehlo.convert"(%122) : (tensor<2xui64>) -> tensor<2xui32>
    %124 = "stablehlo.and"(%111, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %125 = "stablehlo.convert"(%124) : (tensor<2xui64>) -> tensor<2xui32>
    %126 = "stablehlo.constant"() {value = dense<387276957> : tensor<2xui32>} : () -> tensor<2xui32>
    %127 = "stablehlo.add"(%25, %126) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %128 = "stablehlo.constant"() {value = dense<2835769497> : tensor<2xui32>} : () -> tensor<2xui32>
    %129 = "stablehlo.add"(%27, %128) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %130 = "stablehlo.convert"(%117) : (tensor<2xui32>) -> tensor<2xui64>
    %131 = "stablehlo.multiply"(%130, %28) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %132 = "stablehlo.convert"(%121) : (tensor<2xui32>) -> tensor<2xui64>
    %133 = "stablehlo.multiply"(%132, %29) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %134 = "stablehlo.shift_right_logical"(%133, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %135 = "stablehlo.convert"(%134) : (tensor<2xui64>) -> tensor<2xui32>
    %136 = "stablehlo.xor"(%135, %123) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %137 = "stablehlo.xor"(%136, %127) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %138 = "stablehlo.shift_right_logical"(%131, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %139 = "stablehlo.convert"(%138) : (tensor<2xui64>) -> tensor<2xui32>
    %140 = "stablehlo.xor"(%139, %125) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %141 = "stablehlo.xor"(%140, %129) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %142 = "stablehlo.and"(%133, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %143 = "stablehlo.convert"(%142) : (tensor<2xui64>) -> tensor<2xui32>
    %144 = "stablehlo.and"(%131, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %145 = "stablehlo.convert"(%144) : (tensor<2xui64>) -> tensor<2xui32>
    %146 = "stablehlo.constant"() {value = dense<3041712726> : tensor<2xui32>} : () -> tensor<2xui32>
    %147 = "stablehlo.add"(%25, %146) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %148 = "stablehlo.constant"() {value = dense<1684936478> : tensor<2xui32>} : () -> tensor<2xui32>
    %149 = "stablehlo.add"(%27, %148) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %150 = "stablehlo.convert"(%137) : (tensor<2xui32>) -> tensor<2xui64>
    %151 = "stablehlo.multiply"(%150, %28) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %152 = "stablehlo.convert"(%141) : (tensor<2xui32>) -> tensor<2xui64>
    %153 = "stablehlo.multiply"(%152, %29) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %154 = "stablehlo.shift_right_logical"(%153, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %155 = "stablehlo.convert"(%154) : (tensor<2xui64>) -> tensor<2xui32>
    %156 = "stablehlo.xor"(%155, %143) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %157 = "stablehlo.xor"(%156, %147) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %158 = "stablehlo.shift_right_logical"(%151, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %159 = "stablehlo.convert"(%158) : (tensor<2xui64>) -> tensor<2xui32>
    %160 = "stablehlo.xor"(%159, %145) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %161 = "stablehlo.xor"(%160, %149) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %162 = "stablehlo.and"(%153, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %163 = "stablehlo.convert"(%162) : (tensor<2xui64>) -> tensor<2xui32>
    %164 = "stablehlo.and"(%151, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %165 = "stablehlo.convert"(%164) : (tensor<2xui64>) -> tensor<2xui32>
    %166 = "stablehlo.constant"() {value = dense<1401181199> : tensor<2xui32>} : () -> tensor<2xui32>
    %167 = "stablehlo.add"(%25, %166) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %168 = "stablehlo.constant"() {value = dense<534103459> : tensor<2xui32>} : () -> tensor<2xui32>
    %169 = "stablehlo.add"(%27, %168) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %170 = "stablehlo.convert"(%157) : (tensor<2xui32>) -> tensor<2xui64>
    %171 = "stablehlo.multiply"(%170, %28) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %172 = "stablehlo.convert"(%161) : (tensor<2xui32>) -> tensor<2xui64>
    %173 = "stablehlo.multiply"(%172, %29) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %174 = "stablehlo.shift_right_logical"(%173, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %175 = "stablehlo.convert"(%174) : (tensor<2xui64>) -> tensor<2xui32>
    %176 = "stablehlo.xor"(%175, %163) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %177 = "stablehlo.xor"(%176, %167) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %178 = "stablehlo.shift_right_logical"(%171, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %179 = "stablehlo.convert"(%178) : (tensor<2xui64>) -> tensor<2xui32>
    %180 = "stablehlo.xor"(%179, %165) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %181 = "stablehlo.xor"(%180, %169) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %182 = "stablehlo.and"(%173, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %183 = "stablehlo.convert"(%182) : (tensor<2xui64>) -> tensor<2xui32>
    %184 = "stablehlo.and"(%171, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %185 = "stablehlo.convert"(%184) : (tensor<2xui64>) -> tensor<2xui32>
    %186 = "stablehlo.constant"() {value = dense<4055616968> : tensor<2xui32>} : () -> tensor<2xui32>
    %187 = "stablehlo.add"(%25, %186) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %188 = "stablehlo.constant"() {value = dense<3678237736> : tensor<2xui32>} : () -> tensor<2xui32>
    %189 = "stablehlo.add"(%27, %188) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %190 = "stablehlo.convert"(%177) : (tensor<2xui32>) -> tensor<2xui64>
    %191 = "stablehlo.multiply"(%190, %28) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %192 = "stablehlo.convert"(%181) : (tensor<2xui32>) -> tensor<2xui64>
    %193 = "stablehlo.multiply"(%192, %29) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %194 = "stablehlo.shift_right_logical"(%193, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %195 = "stablehlo.convert"(%194) : (tensor<2xui64>) -> tensor<2xui32>
    %196 = "stablehlo.xor"(%195, %183) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %197 = "stablehlo.xor"(%196, %187) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %198 = "stablehlo.shift_right_logical"(%191, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %199 = "stablehlo.convert"(%198) : (tensor<2xui64>) -> tensor<2xui32>
    %200 = "stablehlo.xor"(%199, %185) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %201 = "stablehlo.xor"(%200, %189) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %202 = "stablehlo.and"(%193, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %203 = "stablehlo.convert"(%202) : (tensor<2xui64>) -> tensor<2xui32>
    %204 = "stablehlo.and"(%191, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %205 = "stablehlo.convert"(%204) : (tensor<2xui64>) -> tensor<2xui32>
    %206 = "stablehlo.constant"() {value = dense<2415085441> : tensor<2xui32>} : () -> tensor<2xui32>
    %207 = "stablehlo.add"(%25, %206) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %208 = "stablehlo.constant"() {value = dense<2527404717> : tensor<2xui32>} : () -> tensor<2xui32>
    %209 = "stablehlo.add"(%27, %208) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %210 = "stablehlo.convert"(%197) : (tensor<2xui32>) -> tensor<2xui64>
    %211 = "stablehlo.multiply"(%210, %28) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %212 = "stablehlo.convert"(%201) : (tensor<2xui32>) -> tensor<2xui64>
    %213 = "stablehlo.multiply"(%212, %29) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %214 = "stablehlo.shift_right_logical"(%213, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %215 = "stablehlo.convert"(%214) : (tensor<2xui64>) -> tensor<2xui32>
    %216 = "stablehlo.xor"(%215, %203) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %217 = "stablehlo.xor"(%216, %207) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %218 = "stablehlo.shift_right_logical"(%211, %7) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %219 = "stablehlo.convert"(%218) : (tensor<2xui64>) -> tensor<2xui32>
    %220 = "stablehlo.xor"(%219, %205) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %221 = "stablehlo.xor"(%220, %209) : (tensor<2xui32>, tensor<2xui32>) -> tensor<2xui32>
    %222 = "stablehlo.and"(%213, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %223 = "stablehlo.convert"(%222) : (tensor<2xui64>) -> tensor<2xui32>
    %224 = "stablehlo.and"(%211, %6) : (tensor<2xui64>, tensor<2xui64>) -> tensor<2xui64>
    %225 = "stablehlo.convert"(%224) : (tensor<2xui64>) -> tensor<2xui32>
    %226 = "stablehlo.reshape"(%217) : (tensor<2xui32>) -> tensor<2x1xui32>
    %227 = "stablehlo.reshape"(%223) : (tensor<2xui32>) -> tensor<2x1xui32>
    %228 = "stablehlo.reshape"(%221) : (tensor<2xui32>) -> tensor<2x1xui32>
    %229 = "stablehlo.reshape"(%225) : (tensor<2xui32>) -> tensor<2x1xui32>
    %230 = "stablehlo.concatenate"(%226, %227, %228, %229) {dimension = 1 : i64} : (tensor<2x1xui32>, tensor<2x1xui32>, tensor<2x1xui32>, tensor<2x1xui32>) -> tensor<2x4xui32>
    %231 = "stablehlo.reshape"(%230) : (tensor<2x4xui32>) -> tensor<8xui32>
    %232 = "stablehlo.slice"(%231) {start_indices = array<i64: 0>, limit_indices = array<i64: 5>, strides = array<i64: 1>} : (tensor<8xui32>) -> tensor<5xui32>
    %233 = "stablehlo.constant"() {value = dense<2> : tensor<ui64>} : () -> tensor<ui64>
    %234 = "stablehlo.add"(%5, %233) : (tensor<ui64>, tensor<ui64>) -> tensor<ui64>
    %235 = "stablehlo.compare"(%234, %5) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<ui64>, tensor<ui64>) -> tensor<i1>
    %236 = "stablehlo.convert"(%235) : (tensor<i1>) -> tensor<ui64>
    %237 = "stablehlo.add"(%3, %236) : (tensor<ui64>, tensor<ui64>) -> tensor<ui64>
    %238 = "stablehlo.reshape"(%1) : (tensor<ui64>) -> tensor<1xui64>
    %239 = "stablehlo.reshape"(%237) : (tensor<ui64>) -> tensor<1xui64>
    %240 = "stablehlo.reshape"(%234) : (tensor<ui64>) -> tensor<1xui64>
    %241 = "stablehlo.concatenate"(%238, %239, %240) {dimension = 0 : i64} : (tensor<1xui64>, tensor<1xui64>, tensor<1xui64>) -> tensor<3xui64>
    %242 = "stablehlo.constant"() {value = dense<255> : tensor<5xui32>} : () -> tensor<5xui32>
    %243 = "stablehlo.and"(%232, %242) : (tensor<5xui32>, tensor<5xui32>) -> tensor<5xui32>
    %244 = "stablehlo.convert"(%243) : (tensor<5xui32>) -> tensor<5xui8>
    "func.return"(%241, %244) : (tensor<3xui64>, tensor<5xui8>) -> ()
  }
}
