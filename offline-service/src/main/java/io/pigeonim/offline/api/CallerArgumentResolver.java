package io.pigeonim.offline.api;

import io.pigeonim.common.web.ApiException;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import io.pigeonim.common.id.Ids;
import io.pigeonim.common.identity.IdentityHeaders;

/**
 * Resolves a {@link Caller} parameter from the gateway's identity headers, and nothing else.
 *
 * @implNote A missing or malformed header is 401: behind the gateway it cannot happen, so it means
 *     the request bypassed the gateway.
 */
public final class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class;
    }

    @Override
    public Caller resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest request, WebDataBinderFactory binderFactory) {
        String uid = request.getHeader(IdentityHeaders.UID);
        String deviceId = request.getHeader(IdentityHeaders.DEVICE_ID);
        if (!Ids.isUid(uid) || !Ids.isDeviceId(deviceId)) {
            throw ApiException.unauthorized("missing or malformed identity (" + IdentityHeaders.UID + ", "
                    + IdentityHeaders.DEVICE_ID + "): requests must come through the gateway with a valid token");
        }
        return new Caller(uid, deviceId);
    }
}
