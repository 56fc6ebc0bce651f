package io.pigeonim.message.config;

import io.pigeonim.message.MessageApplication;
import io.pigeonim.schema.StoreMapper;
import org.apache.ibatis.annotations.Mapper;
import org.mybatis.spring.annotation.MapperScan;
import org.springframework.context.annotation.Configuration;

/**
 * The MyBatis mappers: this service's own, in its feature packages, and db-schema's statements of the tables other
 * processes read (messages, conversations, memberships, cursors), which the tests of those readers run too.
 *
 * @implNote Declared because db-schema's package lies outside this application's: any {@code @MapperScan} turns off
 *     MyBatis's scan of the application's packages, so both are named here. Only {@code @Mapper} interfaces: the
 *     feature packages hold other interfaces.
 */
@Configuration(proxyBeanMethods = false)
@MapperScan(basePackageClasses = {MessageApplication.class, StoreMapper.class}, annotationClass = Mapper.class)
class MapperConfiguration {
}
